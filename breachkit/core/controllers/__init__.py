"""A processor's controllers: the controllers file, their clocks and their notices (pure)."""
