using k8s.Models;
using Platform.LoadBalancer.Addressing;
using Platform.LoadBalancer.Allocation;
using Platform.LoadBalancer.Configuration;

namespace Platform.LoadBalancer.Services;

/// <summary>
/// MetalLB's per-Service convergence as a plain class: from a Service and the allocator's state, decide the
/// ingress addresses, the pool annotation, the events and a condition that explains the state. Mutates only
/// the allocator. Not thread-safe: the Service reconciler calls it from one worker.
/// </summary>
public sealed class ServiceAddressPlanner(AddressAllocator allocator, LoadBalancerOptions options, TimeProvider time)
{
    private readonly HashSet<string> pending = new(StringComparer.Ordinal);
    private long retriedAtVersion = -1;

    /// <summary>The allocator the planner drives.</summary>
    public AddressAllocator Allocator => allocator;

    /// <summary>Services waiting for an address that more capacity could help.</summary>
    public IReadOnlyCollection<string> PendingServices => pending;

    /// <summary>
    /// The pending Services to reconcile again because capacity changed (a release or a pool change) since the
    /// last call; empty otherwise.
    /// </summary>
    public IReadOnlyList<string> TakeServicesToRetry()
    {
        var version = allocator.CapacityVersion;
        if (version == retriedAtVersion)
        {
            return [];
        }

        retriedAtVersion = version;
        return [.. pending.Order(StringComparer.Ordinal)];
    }

    /// <summary>Whether this controller handles the Service's loadBalancerClass.</summary>
    public bool Handles(V1Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return string.Equals(service.Spec?.LoadBalancerClass, options.LoadBalancerClass, StringComparison.Ordinal);
    }

    /// <summary>The Service was deleted: free its addresses.</summary>
    public void Forget(string serviceKey)
    {
        pending.Remove(serviceKey);
        allocator.Release(serviceKey);
    }

    /// <summary>
    /// Restart: re-claims addresses from Service status before anything new is allocated. First every Service
    /// that holds addresses re-claims them, oldest first — so when two claim one address they may not share,
    /// the older keeps it — then every Service is planned (oldest first): the loser of a contest gets
    /// ClearAssignment and a new address that cannot be one still held by another Service.
    /// </summary>
    public IReadOnlyList<ServiceDecision> Rebuild(
        IEnumerable<V1Service> services,
        Func<string, IReadOnlyDictionary<string, string>?> namespaceLabels)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(namespaceLabels);
        var ordered = services
            .OrderBy(s => CurrentIngress(s).Count > 0 ? 0 : 1)
            .ThenBy(s => s.Metadata?.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(ServiceProfiles.KeyOf, StringComparer.Ordinal)
            .ToList();
        foreach (var service in ordered)
        {
            Reclaim(service, namespaceLabels(service.Metadata?.NamespaceProperty ?? string.Empty));
        }

        return [.. ordered.Select(s => Plan(s, namespaceLabels(s.Metadata?.NamespaceProperty ?? string.Empty)))];
    }

    /// <summary>Plans one Service.</summary>
    /// <param name="service">The Service as last seen.</param>
    /// <param name="namespaceLabels">Labels of its namespace (for namespaceSelectors).</param>
    public ServiceDecision Plan(V1Service service, IReadOnlyDictionary<string, string>? namespaceLabels = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        var key = ServiceProfiles.KeyOf(service);
        if (!Handles(service))
        {
            // Another implementation owns it (loadBalancerClass): never touch the object.
            Forget(key);
            return new ServiceDecision(key, ServiceDisposition.Ignored, [], null, [], null, false, false, null);
        }

        var builder = new ServiceDecisionBuilder(key, service, time);
        if (!string.Equals(service.Spec?.Type, "LoadBalancer", StringComparison.Ordinal))
        {
            Forget(key);
            return builder.NotLoadBalancer();
        }

        var request = LoadBalancerRequest.Parse(service);
        if (!allocator.HasPools)
        {
            return Pend(builder, key, ServiceConditions.NoPools, "no IPAddressPool is configured", retry: true);
        }

        var families = ServiceProfiles.Families(service, out var familyProblem, out var familyReason);
        if (families is not { } needed)
        {
            if (familyReason == ServiceConditions.NotEnoughClusterIPs)
            {
                builder.Warn(ServiceEventReasons.NotEnoughClusterIPs, familyProblem!);
            }

            return Pend(builder, key, familyReason!, familyProblem!, retry: false);
        }

        if (request.Error is not null)
        {
            builder.Warn(ServiceEventReasons.LoadBalancerFailed, request.Error);
            return Pend(builder, key, ServiceConditions.InvalidAnnotation, request.Error, retry: false, request);
        }

        var profile = ServiceProfiles.From(service, request.SharingKey, namespaceLabels);
        var current = ReclaimCurrent(service, profile, needed, request, builder);
        if (current is null)
        {
            var outcome = AllocateNew(profile, needed, request);
            if (!outcome.Succeeded)
            {
                builder.Warn(ServiceEventReasons.AllocationFailed, $"Failed to allocate IP for \"{key}\": {outcome.Message}");
                var reason = ReasonFor(outcome.Error);
                return Pend(builder, key, reason, outcome.Message, retry: reason is ServiceConditions.PoolExhausted or ServiceConditions.RequestedAddressTaken or ServiceConditions.NoCompatiblePool or ServiceConditions.UnknownPool or ServiceConditions.AddressNotInPool, request);
            }

            builder.Normal(ServiceEventReasons.IPAllocated, $"Assigned IP [{string.Join(" ", outcome.Addresses.Select(a => $"\"{a}\""))}]");
            current = new HeldAddresses(outcome.Pool!, outcome.Addresses);
        }

        pending.Remove(key);
        var partial = needed.Mode == FamilyMode.PreferDual && current.Addresses.Count == 1;
        return builder.Assigned(current, partial, request);
    }

    private void Reclaim(V1Service service, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        if (!Handles(service) || !string.Equals(service.Spec?.Type, "LoadBalancer", StringComparison.Ordinal))
        {
            return;
        }

        var request = LoadBalancerRequest.Parse(service);
        var addresses = new List<NetAddress>();
        foreach (var text in CurrentIngress(service))
        {
            if (!AddressParser.TryParseAddress(text, out var address))
            {
                return;
            }

            addresses.Add(address);
        }

        if (addresses.Count > 0 && request.Error is null)
        {
            // A failure here is settled by Plan: ClearAssignment and a fresh address.
            _ = allocator.Assign(ServiceProfiles.From(service, request.SharingKey, namespaceLabels), addresses);
        }
    }

    private HeldAddresses? ReclaimCurrent(V1Service service, ServiceProfile profile, FamilyRequirement needed, LoadBalancerRequest request, ServiceDecisionBuilder builder)
    {
        var key = profile.Key;
        var texts = CurrentIngress(service);
        if (texts.Count == 0)
        {
            allocator.Release(key);
            return null;
        }

        var addresses = new List<NetAddress>();
        foreach (var text in texts)
        {
            if (AddressParser.TryParseAddress(text, out var address))
            {
                addresses.Add(address);
            }
        }

        if (addresses.Count != texts.Count || addresses.Count > 2 || (addresses.Count == 2 && addresses[0].Family == addresses[1].Family))
        {
            builder.Warn(ServiceEventReasons.NoLoadBalancerIPsFamily, $"the addresses in status.loadBalancer.ingress [{string.Join(" ", texts)}] are unusable; clearing");
            allocator.Release(key);
            return null;
        }

        if (!FamiliesFit(addresses, needed))
        {
            allocator.Release(key);
            return null;
        }

        var outcome = allocator.Assign(profile, addresses);
        if (!outcome.Succeeded)
        {
            builder.Normal(ServiceEventReasons.ClearAssignment, $"current IP [{string.Join(" ", texts.Select(t => $"\"{t}\""))}] not allowed by config, clearing: {outcome.Message}");
            allocator.Release(key);
            return null;
        }

        var requestedDiffers = request.Addresses.Count > 0
            && !request.Addresses.OrderBy(a => a).SequenceEqual(addresses.OrderBy(a => a));
        if ((request.Pool is not null && request.Pool != outcome.Pool) || requestedDiffers)
        {
            allocator.Release(key);
            return null;
        }

        if (needed.Mode == FamilyMode.PreferDual && addresses.Count == 1 && request.Addresses.Count == 0)
        {
            var added = allocator.AllocateAdditionalFamily(profile);
            if (added.Succeeded)
            {
                return new HeldAddresses(added.Pool!, added.Addresses);
            }

            builder.Normal(ServiceEventReasons.AdditionalAssignFailed, $"could not add an address of the other family from pool \"{outcome.Pool}\": {added.Message}");
        }

        return new HeldAddresses(outcome.Pool!, outcome.Addresses);
    }

    private AllocationOutcome AllocateNew(ServiceProfile profile, FamilyRequirement needed, LoadBalancerRequest request)
    {
        if (request.Addresses.Count == 0)
        {
            return request.Pool is not null
                ? allocator.AllocateFromPool(profile, needed, request.Pool)
                : allocator.Allocate(profile, needed);
        }

        if (!FamiliesFit(request.Addresses, needed) || (needed.IsDual && request.Addresses.Count != 2))
        {
            return AllocationOutcome.Failure(
                AllocationError.WrongFamily,
                $"requested IPs [{string.Join(" ", request.Addresses)}] from {request.AddressesSource} do not match the service's IP families ({needed})");
        }

        if (request.Pool is not null)
        {
            var owner = allocator.PoolOwning(request.Addresses);
            if (owner != request.Pool)
            {
                return AllocationOutcome.Failure(
                    allocator.PoolNames.Contains(request.Pool) ? AllocationError.NotInRequestedPool : AllocationError.UnknownPool,
                    $"requested IPs [{string.Join(" ", request.Addresses)}] are not in pool \"{request.Pool}\"");
            }
        }

        return allocator.Assign(profile, request.Addresses);
    }

    private ServiceDecision Pend(ServiceDecisionBuilder builder, string key, string reason, string message, bool retry, LoadBalancerRequest? request = null)
    {
        allocator.Release(key);
        if (retry)
        {
            pending.Add(key);
        }
        else
        {
            pending.Remove(key);
        }

        return builder.Pending(reason, message, retry ? options.PendingRetryInterval : null, request);
    }

    private static bool FamiliesFit(IReadOnlyList<NetAddress> addresses, FamilyRequirement needed) => needed.Mode switch
    {
        FamilyMode.Single => addresses.Count == 1 && addresses[0].Family == needed.Primary,
        FamilyMode.RequireDual => addresses.Count == 2,

        // PreferDualStack with dual clusterIPs accepts a single-family address too.
        _ => addresses.Count is 1 or 2,
    };

    private static string ReasonFor(AllocationError error) => error switch
    {
        AllocationError.PoolExhausted => ServiceConditions.PoolExhausted,
        AllocationError.AddressInUse => ServiceConditions.RequestedAddressTaken,
        AllocationError.NoPools => ServiceConditions.NoPools,
        AllocationError.UnknownPool => ServiceConditions.UnknownPool,
        AllocationError.AddressNotInPool or AllocationError.DifferentPools or AllocationError.NotInRequestedPool or AllocationError.WrongFamily => ServiceConditions.AddressNotInPool,
        AllocationError.TooManyAddresses or AllocationError.SameFamily => ServiceConditions.InvalidAnnotation,
        _ => ServiceConditions.NoCompatiblePool,
    };

    internal static IReadOnlyList<string> CurrentIngress(V1Service service) =>
        [.. (service.Status?.LoadBalancer?.Ingress ?? []).Where(i => !string.IsNullOrEmpty(i.Ip)).Select(i => i.Ip)];
}
