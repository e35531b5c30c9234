"""Export and print: the picture, its files, the options dialog and the flow that runs them."""
