"""Adding thousands of demo pages in bulk: the helpers live in network/bulk.py."""

from network.bulk import add_pages_in_bulk, index_in_bulk

__all__ = ["add_pages_in_bulk", "index_in_bulk"]
