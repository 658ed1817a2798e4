"""Task categories a social media manager batches work by.

Offered as suggestions wherever a category is typed; the categories already
in use are offered beside them.
"""

SUGGESTIONS: tuple[str, ...] = (
    "scheduling posts",
    "visuals",
    "replies",
    "reporting",
    "community",
    "ads",
)
