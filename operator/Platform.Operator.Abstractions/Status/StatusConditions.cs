using k8s.Models;

namespace Platform.Operator.Abstractions.Status;

/// <summary>
/// Pure helpers for metav1 Conditions (the rules of apimachinery's meta.SetStatusCondition):
/// <c>lastTransitionTime</c> changes only when <c>status</c> flips; reason, message and observedGeneration are
/// always refreshed.
/// </summary>
public static class StatusConditions
{
    /// <summary>
    /// Adds or updates the condition of <paramref name="condition"/>'s type. Returns true when anything changed.
    /// <paramref name="now"/> becomes the transition time of a new or flipped condition (truncated to seconds, as
    /// the API serializes it).
    /// </summary>
    public static bool Set(IList<V1Condition> conditions, V1Condition condition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(condition);
        Validate(condition);

        var transition = TruncateToSeconds(now);
        var existing = Find(conditions, condition.Type);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = condition.Type,
                Status = condition.Status,
                Reason = condition.Reason,
                Message = condition.Message ?? string.Empty,
                ObservedGeneration = condition.ObservedGeneration,
                LastTransitionTime = condition.LastTransitionTime == default ? transition : condition.LastTransitionTime,
            });
            return true;
        }

        var changed = false;
        if (!string.Equals(existing.Status, condition.Status, StringComparison.Ordinal))
        {
            existing.Status = condition.Status;
            existing.LastTransitionTime = condition.LastTransitionTime == default ? transition : condition.LastTransitionTime;
            changed = true;
        }

        if (!string.Equals(existing.Reason, condition.Reason, StringComparison.Ordinal))
        {
            existing.Reason = condition.Reason;
            changed = true;
        }

        var message = condition.Message ?? string.Empty;
        if (!string.Equals(existing.Message ?? string.Empty, message, StringComparison.Ordinal))
        {
            existing.Message = message;
            changed = true;
        }

        if (existing.ObservedGeneration != condition.ObservedGeneration)
        {
            existing.ObservedGeneration = condition.ObservedGeneration;
            changed = true;
        }

        return changed;
    }

    /// <summary>Shorthand for <see cref="Set(IList{V1Condition}, V1Condition, DateTimeOffset)"/>.</summary>
    public static bool Set(
        IList<V1Condition> conditions,
        string type,
        string status,
        string reason,
        string message,
        long? observedGeneration,
        DateTimeOffset now) =>
        Set(conditions, new V1Condition { Type = type, Status = status, Reason = reason, Message = message, ObservedGeneration = observedGeneration }, now);

    /// <summary>The condition of a type, or null.</summary>
    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal));

    /// <summary>Whether the condition of a type exists with status True.</summary>
    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type) =>
        string.Equals(Find(conditions, type)?.Status, ConditionStatus.True, StringComparison.Ordinal);

    /// <summary>Whether the condition of a type exists with status False.</summary>
    public static bool IsFalse(IEnumerable<V1Condition>? conditions, string type) =>
        string.Equals(Find(conditions, type)?.Status, ConditionStatus.False, StringComparison.Ordinal);

    /// <summary>Removes the condition of a type. Returns true when it existed.</summary>
    public static bool Remove(IList<V1Condition> conditions, string type)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var existing = Find(conditions, type);
        return existing is not null && conditions.Remove(existing);
    }

    private static void Validate(V1Condition condition)
    {
        if (string.IsNullOrEmpty(condition.Type))
        {
            throw new ArgumentException("A condition needs a type.", nameof(condition));
        }

        if (condition.Status is not (ConditionStatus.True or ConditionStatus.False or ConditionStatus.Unknown))
        {
            throw new ArgumentException($"Condition status must be True, False or Unknown (got '{condition.Status}').", nameof(condition));
        }

        // metav1.Condition requires a non-empty CamelCase reason; the API server rejects an empty one.
        if (string.IsNullOrEmpty(condition.Reason))
        {
            throw new ArgumentException("A condition needs a reason.", nameof(condition));
        }
    }

    private static DateTime TruncateToSeconds(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
