namespace Platform.Operator.Abstractions.Builder;

/// <summary>Mutable builder for <see cref="OperatorSettings"/>, used by <c>AddKubernetesOperator(settings =&gt; …)</c>.</summary>
public sealed class OperatorSettingsBuilder
{
    private OperatorSettings _settings;

    /// <summary>Starts from the defaults, or from the given settings.</summary>
    public OperatorSettingsBuilder(OperatorSettings? start = null) => _settings = start ?? new OperatorSettings();

    /// <summary>Sets the operator name.</summary>
    public OperatorSettingsBuilder WithName(string name)
    {
        _settings = _settings with { Name = name };
        return this;
    }

    /// <summary>Watches only one namespace (null: every namespace).</summary>
    public OperatorSettingsBuilder WithNamespace(string? watchNamespace)
    {
        _settings = _settings with { Namespace = watchNamespace };
        return this;
    }

    /// <summary>Sets how many keys a controller reconciles at once.</summary>
    public OperatorSettingsBuilder WithConcurrency(int maxConcurrentReconciles)
    {
        _settings = _settings with { MaxConcurrentReconciles = maxConcurrentReconciles };
        return this;
    }

    /// <summary>Turns leader election off: every replica reconciles (tests, single-replica installs).</summary>
    public OperatorSettingsBuilder WithoutLeaderElection()
    {
        _settings = _settings with { EnableLeaderElection = false };
        return this;
    }

    /// <summary>Configures leader election over a Lease; null timings keep the current values.</summary>
    public OperatorSettingsBuilder WithLeaderElection(
        string leaseName,
        string leaseNamespace,
        string? identity = null,
        TimeSpan? leaseDuration = null,
        TimeSpan? renewDeadline = null,
        TimeSpan? retryPeriod = null)
    {
        _settings = _settings with
        {
            EnableLeaderElection = true,
            LeaseName = leaseName,
            LeaseNamespace = leaseNamespace,
            Identity = identity ?? _settings.Identity,
            LeaseDuration = leaseDuration ?? _settings.LeaseDuration,
            RenewDeadline = renewDeadline ?? _settings.RenewDeadline,
            RetryPeriod = retryPeriod ?? _settings.RetryPeriod,
        };
        return this;
    }

    /// <summary>Applies any other change to the settings.</summary>
    public OperatorSettingsBuilder With(Func<OperatorSettings, OperatorSettings> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _settings = change(_settings);
        return this;
    }

    /// <summary>Validates and returns the settings.</summary>
    public OperatorSettings Build()
    {
        _settings.Validate();
        return _settings;
    }
}
