"""Staff admin for "You said, we did" responses and their sign-offs."""
