app_name = "performance-api"

urlpatterns: list = []
