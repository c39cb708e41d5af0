"""The Qt window layer: shows what the services decide, never decides itself."""
