from rest_framework import serializers

from firmops.models import Engagement, EngagementStageChange, Membership, Stage


class FirmOut(serializers.Serializer):
    slug = serializers.CharField(source="firm.slug")
    name = serializers.CharField(source="firm.name")
    time_zone = serializers.CharField(source="firm.time_zone")
    role = serializers.CharField()


class MemberOut(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.get_full_name")

    class Meta:
        model = Membership
        fields = ["id", "email", "name", "role", "is_active"]


class EngagementOut(serializers.ModelSerializer):
    owner = serializers.EmailField(source="owner.email", read_only=True)

    class Meta:
        model = Engagement
        fields = ["id", "name", "stage", "owner", "started_on", "ended_on", "created_at"]
        read_only_fields = ["stage", "owner", "created_at"]


class EngagementIn(serializers.ModelSerializer):
    class Meta:
        model = Engagement
        fields = ["name", "started_on", "ended_on"]

    def validate(self, attrs):
        """An engagement cannot end before it starts (a PATCH may change only one of the two dates)."""
        started = attrs.get("started_on", getattr(self.instance, "started_on", None))
        ended = attrs.get("ended_on", getattr(self.instance, "ended_on", None))
        if started and ended and ended < started:
            raise serializers.ValidationError(
                {"ended_on": [f"Ends on {ended}, before it starts ({started})."]}
            )
        return attrs


class StageMoveIn(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class StageChangeOut(serializers.ModelSerializer):
    actor = serializers.EmailField(source="actor.email", default=None, allow_null=True)

    class Meta:
        model = EngagementStageChange
        fields = ["from_stage", "to_stage", "actor", "reason", "at"]
