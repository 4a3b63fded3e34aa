"""What `load_demo_content` adds for this app (found by civic_platform.discovery)."""

from guidance.services import demo_guidance_ensure as demo_content_ensure

__all__ = ["demo_content_ensure"]
