"""URL converters."""

from werkzeug.routing import IntegerConverter

MAX_INT = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """<int:...> that stops at 2**31 - 1, the largest id either database stores, so a
    larger number is a plain 404 instead of a database error."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
