"""A provider contact's own uploads behind the questionnaire link: theirs only, until they submit."""

from __future__ import annotations

from django.http import Http404

from firmops.secure_links import private_response
from firmops.tenancy import firm_scope
from providers.evidence.selectors import link_documents
from providers.evidence.views import attachment
from providers.questionnaires.links import questionnaire_check


def link_document(request, token: str, document_id: int):
    """Download a document uploaded through this link. A submitted, expired or replaced link, or a
    document the link did not upload, gets the same 404: the link opens nothing else of the firm's."""
    check = questionnaire_check(token)
    if check.problem:
        raise Http404("No document here.")
    questionnaire = check.questionnaire
    with firm_scope(questionnaire.firm_id):
        document = link_documents(questionnaire=questionnaire).filter(pk=document_id).first()
        if document is None:
            raise Http404("No document here.")
        response = attachment(document)
    return private_response(response)
