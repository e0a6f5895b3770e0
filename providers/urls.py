from django.urls import path

from providers.candidates import views as providers
from providers.evidence import views as evidence
from providers.questionnaires import editor_views as editor
from providers.questionnaires import views as questionnaires
from providers.roles import views as roles
from providers.selection import views as selection

app_name = "providers"

urlpatterns = [
    path("", providers.home, name="home"),
    path("providers/new/", providers.provider_new, name="provider_new"),
    path("providers/<int:provider_id>/", providers.provider_detail, name="provider"),
    path("providers/<int:provider_id>/edit/", providers.provider_edit, name="provider_edit"),
    path("providers/<int:provider_id>/delete/", providers.provider_remove, name="provider_delete"),
    path("providers/<int:provider_id>/send/", questionnaires.send, name="questionnaire_send"),
    path(
        "providers/<int:provider_id>/professionals/new/", providers.professional_new, name="professional_new"
    ),
    path("professionals/<int:professional_id>/edit/", providers.professional_edit, name="professional_edit"),
    path(
        "professionals/<int:professional_id>/delete/",
        providers.professional_remove,
        name="professional_delete",
    ),
    path("providers/<int:provider_id>/evidence/new/", evidence.evidence_new, name="evidence_new"),
    path("evidence/<int:document_id>/download/", evidence.evidence_download, name="evidence_download"),
    path("evidence/mine/", evidence.my_documents, name="my_documents"),
    path("settings/evidence/", evidence.requirements, name="evidence_requirements"),
    path("questionnaires/<int:questionnaire_id>/", questionnaires.questionnaire_detail, name="questionnaire"),
    path("questionnaires/<int:questionnaire_id>/resend/", questionnaires.resend, name="questionnaire_resend"),
    path("answers/<int:answer_id>/adjust/", questionnaires.adjust, name="answer_adjust"),
    path("templates/", questionnaires.templates, name="templates"),
    path("templates/builtin/", questionnaires.template_builtin, name="template_builtin"),
    path("templates/builtin/preview/", editor.builtin_preview, name="template_builtin_preview"),
    path("templates/new/", questionnaires.template_new, name="template_new"),
    path("templates/<int:template_id>/", editor.template_edit, name="template"),
    path("templates/<int:template_id>/preview/", editor.template_preview, name="template_preview"),
    path("templates/<int:template_id>/questions/new/", editor.question_new, name="template_question_new"),
    path(
        "templates/<int:template_id>/questions/<slug:question_key>/",
        editor.question_edit,
        name="template_question",
    ),
    path(
        "templates/<int:template_id>/questions/<slug:question_key>/move/",
        editor.question_move,
        name="template_question_move",
    ),
    path(
        "templates/<int:template_id>/questions/<slug:question_key>/delete/",
        editor.question_delete,
        name="template_question_delete",
    ),
    path("templates/<int:template_id>/delete/", questionnaires.template_remove, name="template_delete"),
    path("engagements/<int:engagement_id>/", selection.compare, name="compare"),
    path("engagements/<int:engagement_id>/select/", selection.select, name="select"),
    path("engagements/<int:engagement_id>/role/", roles.role_page, name="role"),
    path("engagements/<int:engagement_id>/role/categories/", roles.role_categories, name="role_categories"),
    path("engagements/<int:engagement_id>/role/regenerate/", roles.role_regenerate, name="role_regenerate"),
    path("engagements/<int:engagement_id>/role/forget/", roles.role_forget, name="role_forget"),
    path("engagements/<int:engagement_id>/role/job-description/", roles.job_description, name="role_job"),
    path(
        "engagements/<int:engagement_id>/role/job-description.pdf", roles.job_description_pdf, name="role_pdf"
    ),
    path(
        "engagements/<int:engagement_id>/role/job-description.txt",
        roles.job_description_text,
        name="role_text",
    ),
    path("selections/<int:selection_id>/replace/", selection.replace, name="selection_replace"),
    path("selections/<int:selection_id>/confirm/", selection.confirm, name="selection_confirm"),
    path("selections/<int:selection_id>/end-trial/", selection.end_trial, name="selection_end_trial"),
]
