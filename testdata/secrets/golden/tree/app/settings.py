import os

SLACK_WEBHOOK = "https://hooks.slack.com/services/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"
OPENAI_API_KEY = "sk-proj-fVyFvIxBKCQV8oCBI4mJdUbUOnV6ye9P3pFIEH9FzHZfJrBnT3BlbkFJiKpdY8txzLkm30fde4bhIlXysv24id0gQjuy4f6GlD6f9JHE"
password = os.environ["PASSWORD"]  # not a secret: read from the environment
# Documentation example, never real:
EXAMPLE_KEY = "AKIAIOSFODNN7EXAMPLE"
SESSION = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMDI5IiwibmFtZSI6InN2YyIsImlhdCI6MTczMzAwMDAwMH0.vNbqEEbM8eQttjiQNV_0C4L2oXrW8wSzJ88z2QCkmJI"
