using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Informers;

namespace Platform.Operator.Runtime.Controllers;

/// <summary>
/// A watch on another kind that enqueues keys of <see cref="PrimaryType"/>'s controller. <see cref="Subscribe"/>
/// attaches it to the shared informer of the secondary kind.
/// </summary>
internal sealed record SecondaryWatchRegistration(
    Type PrimaryType,
    Type SecondaryType,
    Func<InformerRegistry, IServiceProvider, Action<EntityKey>, Action<Exception>, IDisposable> Subscribe);
