"""Unit tests for the VulnShop worker helpers. Run with: python -m unittest"""
import unittest

import worker


class HashPasswordTest(unittest.TestCase):
    def test_hash_is_stable(self):
        self.assertEqual(worker.hash_password("alice2020"), worker.hash_password("alice2020"))

    def test_hash_is_hex(self):
        digest = worker.hash_password("x")
        self.assertEqual(len(digest), 32)
        int(digest, 16)


class RenderEmailTest(unittest.TestCase):
    def test_renders_customer(self):
        body = worker.render_email({"template": "Hello {{ customer }}", "customer": "Bob"})
        self.assertEqual(body, "Hello Bob")


if __name__ == "__main__":
    unittest.main()
