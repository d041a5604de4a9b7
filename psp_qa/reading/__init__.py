"""Reading: corpus files (PDF, text, Markdown) into Documents, and Documents into Passages."""
