from django.urls import path, re_path

from modelbank.gateway import views

urlpatterns = [
    path("models", views.models, name="gateway-models"),
    path("chat/completions", views.chat_completions, name="gateway-chat-completions"),
    path("images/generations", views.image_generations, name="gateway-image-generations"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
