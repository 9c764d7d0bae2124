from django.contrib import admin

from rightthere.reviews.models import Review, ReviewImport


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "platform",
        "author",
        "rating",
        "sentiment",
        "match",
        "posted_at",
        "responded_at",
    ]
    list_filter = ["platform", "match", "rating"]
    search_fields = ["author", "text", "external_id"]
    raw_id_fields = ["customer", "suggested_customer", "case", "responded_by"]


@admin.register(ReviewImport)
class ReviewImportAdmin(admin.ModelAdmin):
    list_display = [
        "filename",
        "status",
        "total_rows",
        "created_reviews",
        "duplicates",
        "created_at",
    ]
    exclude = ["content"]
    readonly_fields = ["errors"]
