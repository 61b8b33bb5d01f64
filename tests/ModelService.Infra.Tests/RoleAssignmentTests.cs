namespace ModelService.Infra.Tests;

/// <summary>Least privilege: who gets which built-in role, on what.</summary>
[Collection(InfraCollection.Name)]
public sealed class RoleAssignmentTests(CompiledInfra infra)
{
    private List<RoleGrant> Grants => infra.RoleAssignments.Select(RoleGrant.From).ToList();

    private string FunctionIdentity => Identities.FunctionIdentityName(infra);

    private string TrainerIdentity => Identities.TrainerIdentityName(infra);

    [Fact]
    public void Role_assignments_use_known_built_in_roles()
    {
        Assert.All(Grants, g => Assert.True(g.RoleId is not null && BuiltInRoles.Names.ContainsKey(g.RoleId), $"Unknown role in {g}"));
    }

    [Fact]
    public void Role_assignments_to_identities_say_ServicePrincipal()
    {
        // Saying so skips the directory lookup that fails while a new identity is still replicating.
        Assert.All(Grants.Where(g => g.IdentityNames.Count > 0), g => Assert.Equal("ServicePrincipal", g.PrincipalType));
    }

    [Theory]
    [InlineData(BuiltInRoles.StorageBlobDataOwner)]
    [InlineData(BuiltInRoles.StorageQueueDataContributor)]
    [InlineData(BuiltInRoles.StorageTableDataContributor)]
    public void Function_identity_gets_storage_data_role_on_the_account(string roleId)
    {
        var grant = Assert.Single(Grants, g => g.RoleId == roleId && g.IdentityNames.Contains(FunctionIdentity));

        Assert.Equal(ResourceTypes.StorageAccount, grant.ScopeType);
        Assert.Equal(infra.Single(ResourceTypes.StorageAccount).ResolvedName, grant.ScopeName);
    }

    [Fact]
    public void Function_identity_gets_nothing_beyond_storage_data_and_telemetry()
    {
        var roles = Grants.Where(g => g.IdentityNames.Contains(FunctionIdentity)).Select(g => g.RoleId).Order().ToList();

        Assert.Equal(
            new[] { BuiltInRoles.StorageBlobDataOwner, BuiltInRoles.StorageQueueDataContributor, BuiltInRoles.StorageTableDataContributor, BuiltInRoles.MonitoringMetricsPublisher }.Order(),
            roles);
    }

    [Fact]
    public void Trainer_identity_gets_storage_roles_only_on_what_it_uses()
    {
        var storageGrants = Grants
            .Where(g => g.IdentityNames.Contains(TrainerIdentity) && g.ScopeType.StartsWith(ResourceTypes.StorageAccount, StringComparison.Ordinal))
            .Select(g => (g.RoleId, g.ScopeType, g.ScopeName))
            .ToHashSet();

        Assert.Equal(
            new HashSet<(string?, string, string?)>
            {
                (BuiltInRoles.StorageBlobDataReader, ResourceTypes.BlobContainer, "datasets"),
                (BuiltInRoles.StorageBlobDataContributor, ResourceTypes.BlobContainer, "models"),
                (BuiltInRoles.StorageBlobDataContributor, ResourceTypes.BlobContainer, "usage-parked"),
                (BuiltInRoles.StorageQueueDataContributor, ResourceTypes.Queue, "training-jobs"),
                (BuiltInRoles.StorageQueueDataContributor, ResourceTypes.Queue, "training-jobs-poison"),
                (BuiltInRoles.StorageQueueDataMessageSender, ResourceTypes.Queue, "usage-events"),
                (BuiltInRoles.StorageTableDataContributor, ResourceTypes.Table, "trainingjobs"),
                (BuiltInRoles.StorageTableDataContributor, ResourceTypes.Table, "trainingevents"),
                (BuiltInRoles.StorageTableDataContributor, ResourceTypes.Table, "audit"),
            },
            storageGrants);
    }

    [Fact]
    public void Trainer_identity_may_send_usage_events_and_nothing_more_on_that_queue()
    {
        // Without it the trainer's usage event is refused in Azure and training is never billed.
        var grant = Assert.Single(Grants, g => g.IdentityNames.Contains(TrainerIdentity) && g.ScopeName == "usage-events");

        Assert.Equal((BuiltInRoles.StorageQueueDataMessageSender, ResourceTypes.Queue), (grant.RoleId, grant.ScopeType));
    }

    [Fact]
    public void Trainer_identity_can_pull_from_the_registry()
    {
        var grant = Assert.Single(Grants, g => g.RoleId == BuiltInRoles.AcrPull);

        Assert.Equal([TrainerIdentity], grant.IdentityNames);
        Assert.Equal(ResourceTypes.Registry, grant.ScopeType);
    }

    [Fact]
    public void Identities_that_send_telemetry_get_Monitoring_Metrics_Publisher_on_Application_Insights()
    {
        var grant = Assert.Single(Grants, g => g.RoleId == BuiltInRoles.MonitoringMetricsPublisher);

        Assert.Equal(ResourceTypes.ApplicationInsights, grant.ScopeType);
        Assert.Contains(FunctionIdentity, grant.IdentityNames);
        Assert.Contains(TrainerIdentity, grant.IdentityNames);
    }

    [Fact]
    public void Function_and_trainer_run_as_different_identities()
    {
        Assert.NotEqual(FunctionIdentity, TrainerIdentity);
        Assert.Equal(2, infra.Resources(ResourceTypes.Identity).Count());
    }

    [Fact]
    public void Operator_access_is_granted_only_when_a_principal_is_given()
    {
        var operatorGrants = infra.RoleAssignments.Where(r => r.Node["properties"]!["principalId"]!.GetValue<string>() == "[parameters('operatorPrincipalId')]").ToList();

        Assert.NotEmpty(operatorGrants);
        Assert.All(operatorGrants, r => Assert.Equal("[not(empty(parameters('operatorPrincipalId')))]", r.Node["condition"]?.GetValue<string>()));
        Assert.All(operatorGrants, r => Assert.NotEqual(BuiltInRoles.StorageBlobDataOwner, RoleGrant.From(r).RoleId));
    }
}
