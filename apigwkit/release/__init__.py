"""Versioned releases of the module library: interface changes between refs, the CHANGELOG cut."""
