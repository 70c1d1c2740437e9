"""Runnable examples: python -m fastconv.examples.digits"""
