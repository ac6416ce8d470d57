using k8s.Models;
using Platform.Operator.Abstractions.Status;
using Platform.Operator.Runtime.Tests.Support;

namespace Platform.Operator.Runtime.Tests.Status;

public sealed class StatusConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    [Fact]
    public void A_new_condition_gets_the_transition_time_truncated_to_seconds()
    {
        var conditions = new List<V1Condition>();

        Assert.True(StatusConditions.Set(conditions, "Ready", ConditionStatus.False, "Pending", "waiting", 3, T0));

        var ready = Assert.Single(conditions);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), ready.LastTransitionTime);
        Assert.Equal(3, ready.ObservedGeneration);
        Assert.Equal("Pending", ready.Reason);
    }

    [Fact]
    public void Transition_time_moves_only_when_status_flips()
    {
        var conditions = new List<V1Condition>();
        StatusConditions.Set(conditions, "Ready", ConditionStatus.False, "Pending", "waiting", 1, T0);

        Assert.True(StatusConditions.Set(conditions, "Ready", ConditionStatus.False, "StillPending", "still waiting", 2, T0.AddMinutes(5)));
        Assert.Equal(T0.AddMilliseconds(-678).UtcDateTime, conditions[0].LastTransitionTime);
        Assert.Equal("StillPending", conditions[0].Reason);
        Assert.Equal(2, conditions[0].ObservedGeneration);

        Assert.True(StatusConditions.Set(conditions, "Ready", ConditionStatus.True, "Allocated", "done", 2, T0.AddMinutes(10)));
        Assert.Equal(T0.AddMinutes(10).AddMilliseconds(-678).UtcDateTime, conditions[0].LastTransitionTime);
        Assert.True(StatusConditions.IsTrue(conditions, "Ready"));
    }

    [Fact]
    public void Setting_the_same_condition_again_reports_no_change()
    {
        var conditions = new List<V1Condition>();
        StatusConditions.Set(conditions, "Ready", ConditionStatus.True, "Allocated", "done", 4, T0);

        Assert.False(StatusConditions.Set(conditions, "Ready", ConditionStatus.True, "Allocated", "done", 4, T0.AddHours(1)));
        Assert.Single(conditions);
    }

    [Fact]
    public void Invalid_conditions_are_rejected()
    {
        var conditions = new List<V1Condition>();
        Assert.Throws<ArgumentException>(() => StatusConditions.Set(conditions, "Ready", "Maybe", "Why", "msg", 1, T0));
        Assert.Throws<ArgumentException>(() => StatusConditions.Set(conditions, "Ready", ConditionStatus.True, "", "msg", 1, T0));
        Assert.Throws<ArgumentException>(() => StatusConditions.Set(conditions, "", ConditionStatus.True, "Why", "msg", 1, T0));
        Assert.Empty(conditions);
    }

    [Fact]
    public void Conditions_can_be_found_and_removed()
    {
        var conditions = new List<V1Condition>();
        StatusConditions.Set(conditions, "Ready", ConditionStatus.False, "Pending", "", 1, T0);
        StatusConditions.Set(conditions, "Degraded", ConditionStatus.True, "Broken", "", 1, T0);

        Assert.True(StatusConditions.IsFalse(conditions, "Ready"));
        Assert.True(StatusConditions.Remove(conditions, "Ready"));
        Assert.False(StatusConditions.Remove(conditions, "Ready"));
        Assert.Null(StatusConditions.Find(conditions, "Ready"));
        Assert.Equal("Degraded", Assert.Single(conditions).Type);
    }

    [Fact]
    public void Observed_generation_tracks_metadata_generation()
    {
        var widget = Widget.Create("w");
        widget.Metadata.Generation = 7;

        Assert.Equal(7, ObservedGeneration.Of(widget));
        Assert.True(ObservedGeneration.IsStale(widget, 6));
        Assert.False(ObservedGeneration.IsStale(widget, 7));
    }
}
