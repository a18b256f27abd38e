"""One package per feature: its pure logic and its command declarations (front-end agnostic)."""
