"""Writing: essays, the working draft that autosave overwrites, and frozen versions."""
