from django.contrib import admin

from rightthere.customers.models import Contact, Customer, CustomerNote


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "internal", "account_owner", "created_at")
    list_filter = ("kind", "internal")
    search_fields = ("name", "contacts__email", "contacts__name")
    inlines = [ContactInline]


@admin.register(CustomerNote)
class CustomerNoteAdmin(admin.ModelAdmin):
    list_display = ("customer", "author", "created_at")
