"""The JSON API: serializers shape data, views call the same services as the
pages do."""

from rest_framework import exceptions, serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from drafts import access, history, provenance, search, services
from drafts.api_pagination import ListPage, paginated
from drafts.comparisons import full_comparison
from drafts.models import Download, Review, Revision, Speech
from drafts.responses import file_response
from drafts.uploads import upload_was_too_large


class RevisionSummarySerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(source="parent.number", default=None)
    author = serializers.CharField(source="author.username")
    source = serializers.CharField(source="source_label")
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Revision
        fields = [
            "id",
            "number",
            "parent",
            "author",
            "created_at",
            "note",
            "source",
            "source_kind",
            "source_name",
            "source_format",
            "source_encoding",
            "char_count",
            "text_sha256",
            "review_state",
            "url",
        ]


class RevisionSerializer(RevisionSummarySerializer):
    class Meta(RevisionSummarySerializer.Meta):
        fields = [*RevisionSummarySerializer.Meta.fields, "import_notices", "text"]


class SpeechSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    latest_revision = serializers.IntegerField(
        source="latest_revision.number", default=None, read_only=True
    )
    final_revision = serializers.IntegerField(
        source="final_revision.number", default=None, read_only=True
    )
    slug = serializers.CharField(max_length=180, required=False, allow_blank=True)

    class Meta:
        model = Speech
        fields = [
            "id",
            "title",
            "slug",
            "occasion",
            "description",
            "status",
            "created_by",
            "created_at",
            "revision_count",
            "latest_revision",
            "final_revision",
        ]
        read_only_fields = ["status", "revision_count"]


class UploadSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False, trim_whitespace=False, allow_blank=True
    )
    file = serializers.FileField(required=False, allow_empty_file=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    parent = serializers.IntegerField(required=False, allow_null=True, default=None)
    confirm_stale_base = serializers.BooleanField(required=False, default=False)
    merge = serializers.BooleanField(required=False, default=False)
    resolutions = serializers.ListField(
        child=serializers.ChoiceField(["mine", "theirs", "both"]),
        required=False,
        default=list,
    )

    def validate(self, attrs):
        has_text = "text" in attrs
        has_file = attrs.get("file") is not None
        if has_text == has_file:
            raise serializers.ValidationError("请提供 text 或 file 之一。")
        return attrs


@api_view(["GET", "POST"])
def speech_list(request):
    if request.method == "GET":
        speeches = access.visible_speeches(request.user, Speech.objects.for_lists())
        return paginated(request, speeches, SpeechSerializer)
    serializer = SpeechSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    speech = services.speech_create(
        created_by=request.user, **serializer.validated_data
    )
    return Response(SpeechSerializer(speech).data, status=status.HTTP_201_CREATED)


@api_view(["GET"])
def speech_detail(request, slug):
    speech = access.speech_or_404(
        request.user,
        slug,
        Speech.objects.with_latest().select_related("final_revision"),
    )
    check = history.verify_final(speech)
    return Response(
        {
            **SpeechSerializer(speech).data,
            "final_verified": None if check is None else check.is_intact,
        }
    )


@api_view(["GET", "POST"])
def revision_list(request, slug):
    speech = access.speech_or_404(request.user, slug)
    if request.method == "GET":
        revisions = speech.revisions.for_lists().order_by("number")
        return paginated(request, revisions, RevisionSummarySerializer)
    return _upload(request, speech)


def _upload(request, speech):
    serializer = UploadSerializer(data=request.data)
    if upload_was_too_large(request._request):
        raise services.too_large_error()
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    base = services.revision_base(speech, data["parent"])
    if data["merge"] and base is not None:
        revision = services.revision_create_merged(
            speech=speech,
            author=request.user,
            incoming=_incoming(data),
            base=base,
            note=data["note"],
            choices=dict(enumerate(data["resolutions"])),
        )
    else:
        revision = services.revision_create(
            speech=speech,
            author=request.user,
            incoming=_incoming(data),
            note=data["note"],
            base=base,
            confirm_stale_base=data["confirm_stale_base"],
        )
    return Response(RevisionSerializer(revision).data, status=status.HTTP_201_CREATED)


def _incoming(data) -> services.IncomingText:
    upload = data.get("file")
    if upload is None:
        return services.incoming_from_paste(data["text"])
    if upload.size > services.max_upload_bytes():
        raise services.too_large_error()
    return services.incoming_from_file(upload.name, upload.read())


@api_view(["GET"])
def revision_detail(request, slug, number):
    revision = access.revision_or_404(
        request.user,
        slug,
        number,
        Revision.objects.select_related("author", "parent", "speech"),
    )
    is_final = revision.speech.final_revision_id == revision.pk
    check = history.verify_final(revision.speech) if is_final else None
    return Response(
        {
            **RevisionSerializer(revision).data,
            "final_verified": None if check is None else check.is_intact,
        }
    )


class ReviewSerializer(serializers.ModelSerializer):
    revision = serializers.IntegerField(source="revision.number", read_only=True)
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)
    decision = serializers.ChoiceField(choices=Review.Decision.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = Review
        fields = [
            "id",
            "revision",
            "reviewer",
            "decision",
            "note",
            "content_sha256",
            "created_at",
        ]
        read_only_fields = ["content_sha256", "created_at"]


def _revision(request, slug, number) -> Revision:
    return access.revision_or_404(
        request.user,
        slug,
        number,
        Revision.objects.select_related("speech", "author"),
    )


@api_view(["POST"])
def revision_submit(request, slug, number):
    revision = services.revision_submit(
        revision=_revision(request, slug, number), user=request.user
    )
    return Response(RevisionSerializer(revision).data)


@api_view(["GET", "POST"])
def review_list(request, slug, number):
    revision = _revision(request, slug, number)
    if request.method == "GET":
        reviews = revision.reviews.select_related("reviewer", "revision")
        return paginated(request, reviews.order_by("id"), ReviewSerializer)
    serializer = ReviewSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    review = services.review_record(
        revision=revision, reviewer=request.user, **serializer.validated_data
    )
    return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class CompareOptionsSerializer(serializers.Serializer):
    granularity = serializers.ChoiceField(["char", "word"], default="char")
    ignore_punct_width = serializers.BooleanField(default=False)
    ignore_script = serializers.BooleanField(default=False)


@api_view(["GET"])
def compare(request, slug, old, new):
    old_revision = _revision(request, slug, old)
    new_revision = _revision(request, slug, new)
    options = CompareOptionsSerializer(data=request.query_params)
    options.is_valid(raise_exception=True)
    result = full_comparison(old_revision, new_revision, **options.validated_data)
    return Response({"old": old, "new": new, **result})


@api_view(["GET"])
def revision_provenance(request, slug, number):
    revision = _revision(request, slug, number)
    paragraphs = [
        {
            "paragraph": row["number"],
            "first_revision": row["first"],
            "changed_revision": row["changed"],
            "changed_by": row["author"].username if row["author"] else None,
        }
        for row in provenance.paragraph_origins(revision)
    ]
    return Response({"revision": number, "paragraphs": paragraphs})


@api_view(["GET"])
def revision_export(request, slug, number, fmt):
    """The revision as a file: .txt (its text, UTF-8) or an official .docx."""
    served = services.revision_export(
        revision=_revision(request, slug, number),
        file_format=fmt,
        user=request.user,
        channel=Download.Channel.API,
    )
    return file_response(served)


@api_view(["GET"])
def compare_export(request, slug, old, new):
    """The comparison as a .docx whose every change is a tracked change."""
    served = services.comparison_export(
        old=_revision(request, slug, old),
        new=_revision(request, slug, new),
        user=request.user,
        channel=Download.Channel.API,
    )
    return file_response(served)


@api_view(["GET"])
def proofread_revision(request, slug, number):
    revision = _revision(request, slug, number)
    return Response(services.revision_findings(revision).to_dict())


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=search.MAX_QUERY, trim_whitespace=True)
    all = serializers.BooleanField(default=False)


def _hit_row(revision) -> dict:
    return {
        "speech": revision.speech.slug,
        "title": revision.speech.title,
        "revision": revision.number,
        "author": revision.author.username,
        "created_at": revision.created_at,
        "url": revision.get_absolute_url(),
    }


@api_view(["GET"])
def search_texts(request):
    params = SearchQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    query = search.clean_query(params.validated_data["q"])
    found = search.matching_revisions(
        request.user, query, every_revision=params.validated_data["all"]
    )
    pager = ListPage()
    page = pager.paginate_queryset(found, request)
    results = []
    for revision in page:
        hit = search.hit(revision, query)
        snippets = [vars(snippet) for snippet in hit.snippets]
        results.append(
            {**_hit_row(revision), "matches": hit.matches, "snippets": snippets}
        )
    return pager.get_paginated_response(results)


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(request, *args, **kwargs):
    """Answer unknown API paths in JSON rather than with the login page."""
    raise exceptions.NotFound()
