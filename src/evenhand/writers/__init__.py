"""Writers: one module per output format; they return text or bytes, never write files."""
