using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Finalizer;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Operator.Abstractions.Builder;

/// <summary>Registers controllers and finalizers with the operator runtime.</summary>
public interface IOperatorBuilder
{
    /// <summary>The service collection being built.</summary>
    IServiceCollection Services { get; }

    /// <summary>Registers a controller for an entity kind.</summary>
    IOperatorBuilder AddController<TImplementation, TEntity>()
        where TImplementation : class, IEntityController<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>Registers a finalizer for an entity kind under the given identifier (≤ 63 characters).</summary>
    IOperatorBuilder AddFinalizer<TImplementation, TEntity>(string identifier)
        where TImplementation : class, IEntityFinalizer<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>;
}
