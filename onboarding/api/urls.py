app_name = "onboarding-api"

urlpatterns: list = []
