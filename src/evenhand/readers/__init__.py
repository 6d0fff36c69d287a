"""Readers: one module per input format, each producing the document model."""
