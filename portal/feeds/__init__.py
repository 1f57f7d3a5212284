"""Public change feeds (Atom): which public rows and notices each feed lists (docs/feeds.md)."""
