"""Service definitions (derush.v1) and the Python modules generated from them."""
