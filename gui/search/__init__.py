"""Find: the search controller and field, Go to Date, the search results dock."""
