from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "rightthere.reviews"
    label = "reviews"
    verbose_name = "Online reviews"
