"""Staff admin for forum members and forum notes."""
