namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Declares whether the entity is namespaced or cluster-scoped (default namespaced).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class EntityScopeAttribute(EntityScope scope = EntityScope.Namespaced) : Attribute
{
    /// <summary>The scope.</summary>
    public EntityScope Scope => scope;
}
