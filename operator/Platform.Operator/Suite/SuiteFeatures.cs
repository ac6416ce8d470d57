using Platform.Identity;
using Platform.LoadBalancer;
using Platform.Operator.Abstractions.Builder;

namespace Platform.Operator.Suite;

/// <summary>
/// The one registration point of the suite's controllers, shared by <c>platform controller</c> and
/// <c>platform sandbox</c> so both run exactly the same set.
/// </summary>
internal static class SuiteFeatures
{
    /// <summary>The namespace the suite's own objects (CA Secret, webhook Service) live in.</summary>
    public static string SuiteNamespace => Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "platform-system";

    /// <param name="builder">The operator builder.</param>
    /// <param name="identity">Workload-identity settings (null: defaults).</param>
    public static void Register(IOperatorBuilder builder, IdentityOptions? identity = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddLoadBalancer();
        builder.AddIdentity(identity, suiteNamespace: SuiteNamespace);
    }
}
