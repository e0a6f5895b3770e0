"""The API's list pagination: limit/offset, with bounds so a huge number is a 400, not a database error."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_OFFSET = 1_000_000  # far past any firm's rows, far below the 64-bit integers databases refuse


class FirmPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500

    def get_limit(self, request):
        raw = request.query_params.get(self.limit_query_param)
        if raw is not None and (not raw.isdecimal() or int(raw) < 1):
            raise ValidationError(
                {"limit": [f"Give a whole number from 1 to {self.max_limit}; got {raw!r}."]}
            )
        return super().get_limit(request)  # above max_limit → max_limit

    def get_offset(self, request):
        raw = request.query_params.get(self.offset_query_param)
        if raw is None:
            return 0
        if not raw.isdecimal() or int(raw) > MAX_OFFSET:
            raise ValidationError({"offset": [f"Give a whole number from 0 to {MAX_OFFSET}; got {raw!r}."]})
        return int(raw)


class CountKnownPagination(FirmPagination):
    """FirmPagination for a view that may know its list's count already (count_known): from a
    rollup, say, where COUNT(*) would read every row. None counts the queryset as usual."""

    count_known: int | None = None

    def get_count(self, queryset):
        return super().get_count(queryset) if self.count_known is None else self.count_known
