namespace ModelService.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class StorageTests(CompiledInfra infra)
{
    private ArmResource Account => infra.Single(ResourceTypes.StorageAccount);

    [Fact]
    public void Storage_account_refuses_shared_key_access()
    {
        Assert.False(Account.Resolve("properties", "allowSharedKeyAccess")!.GetValue<bool>());
    }

    [Fact]
    public void Storage_account_defaults_to_entra_id_in_the_portal()
    {
        Assert.True(Account.Resolve("properties", "defaultToOAuthAuthentication")!.GetValue<bool>());
    }

    [Fact]
    public void Storage_account_requires_TLS_1_2()
    {
        Assert.Equal("TLS1_2", Account.Resolve("properties", "minimumTlsVersion")!.GetValue<string>());
    }

    [Fact]
    public void Storage_account_accepts_https_only()
    {
        Assert.True(Account.Resolve("properties", "supportsHttpsTrafficOnly")!.GetValue<bool>());
    }

    [Fact]
    public void Storage_account_allows_no_public_blob_access()
    {
        Assert.False(Account.Resolve("properties", "allowBlobPublicAccess")!.GetValue<bool>());
        Assert.All(infra.Resources(ResourceTypes.BlobContainer), c =>
            Assert.Equal("None", c.Resolve("properties", "publicAccess")?.GetValue<string>() ?? "None"));
    }

    [Fact]
    public void Storage_account_has_the_blob_containers_the_app_uses()
    {
        var names = ExpandedNames(ResourceTypes.BlobContainer);

        Assert.Superset(new HashSet<string> { "models", "datasets", "predictions", "usage-parked" }, names);
        // Plus the Flex Consumption deployment container the function app deploys from.
        var deploymentContainer = infra.Main.Child("storage").Parameter("deploymentContainerName")!.GetValue<string>();
        Assert.Contains(deploymentContainer, names);
        Assert.Equal(5, names.Count);
    }

    [Fact]
    public void Storage_account_has_the_queues_the_app_uses_and_their_poison_queues()
    {
        var names = ExpandedNames(ResourceTypes.Queue);

        foreach (var queue in new[] { "usage-events", "inference-requests", "webhook-deliveries", "training-jobs" })
        {
            Assert.Contains(queue, names);
            Assert.Contains($"{queue}-poison", names);
        }
    }

    [Fact]
    public void Storage_account_has_the_tables_the_app_uses()
    {
        var names = ExpandedNames(ResourceTypes.Table);

        Assert.Superset(
            new HashSet<string> { "tenants", "apikeys", "audit", "usage", "predictions", "trainingjobs", "trainingevents" },
            names);
    }

    [Fact]
    public void A_lifecycle_rule_deletes_prediction_blobs_after_the_retention_the_app_uses()
    {
        var policy = infra.Single(ResourceTypes.ManagementPolicy);
        var rules = policy.Resolve("properties", "policy", "rules")!.AsArray();

        var rule = rules.Single(r => r!["name"]!.GetValue<string>() == "delete-old-predictions")!;
        Assert.True(rule["enabled"]!.GetValue<bool>());
        Assert.Equal(["predictions/"], rule["definition"]!["filters"]!["prefixMatch"]!.AsArray().Select(p => p!.GetValue<string>()));
        var days = rule["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]!.GetValue<int>();
        Assert.Equal(7, days);
        var site = infra.Single(ResourceTypes.Site);
        var appSetting = site.Node["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .Single(s => s!["name"]!.GetValue<string>() == "ModelService__Predictions__RetentionDays")!;
        Assert.Equal("[string(parameters('predictionRetentionDays'))]", appSetting["value"]!.GetValue<string>());
        Assert.Equal(days, site.Deployment.Parameter("predictionRetentionDays")!.GetValue<int>());
    }

    [Fact]
    public void Blob_versioning_keeps_previous_versions_of_the_registry_and_every_other_blob()
    {
        var blobService = infra.Single(ResourceTypes.BlobService);

        Assert.True(blobService.Resolve("properties", "isVersioningEnabled")!.GetValue<bool>());
        Assert.Equal("storage", blobService.Deployment.Name);
    }

    [Theory]
    [InlineData("deleteRetentionPolicy", "blobSoftDeleteDays")]
    [InlineData("containerDeleteRetentionPolicy", "containerSoftDeleteDays")]
    public void Soft_delete_is_on_with_its_retention_days_a_parameter(string policy, string parameter)
    {
        var blobService = infra.Single(ResourceTypes.BlobService);
        var retention = blobService.Node["properties"]![policy]!;

        Assert.True(blobService.Resolve("properties", policy, "enabled")!.GetValue<bool>());
        Assert.Equal($"[parameters('{parameter}')]", retention["days"]!.GetValue<string>());
        var days = blobService.Resolve("properties", policy, "days")!.GetValue<int>();
        Assert.InRange(days, 1, 365);
        Assert.Equal(infra.ParametersJson["parameters"]![parameter]!["value"]!.GetValue<int>(), days);
    }

    [Fact]
    public void A_lifecycle_rule_deletes_previous_versions_after_a_parameter_of_days()
    {
        var rules = infra.Single(ResourceTypes.ManagementPolicy).Resolve("properties", "policy", "rules")!.AsArray();

        var rule = rules.Single(r => r!["name"]!.GetValue<string>() == "delete-old-versions")!;
        Assert.True(rule["enabled"]!.GetValue<bool>());
        Assert.Null(rule["definition"]!["filters"]!["prefixMatch"]);
        var days = rule["definition"]!["actions"]!["version"]!["delete"]!["daysAfterCreationGreaterThan"]!.GetValue<int>();
        Assert.Equal(infra.ParametersJson["parameters"]!["blobVersionRetentionDays"]!["value"]!.GetValue<int>(), days);
    }

    // Child resources are declared in loops over a variable list; the list is what the account will hold.
    private HashSet<string> ExpandedNames(string type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in infra.Resources(type))
        {
            var loop = System.Text.RegularExpressions.Regex.Match(
                resource.Node["name"]!.GetValue<string>(),
                @"^\[format\('\{0\}/\{1\}/\{2\}', parameters\('name'\), 'default', (?<list>.+)\[copyIndex\(\)\]\)\]$");
            Assert.True(loop.Success, $"Unexpected name expression on {resource}: {resource.Node["name"]}");

            var list = loop.Groups["list"].Value;
            if (list.StartsWith("flatten(map(", StringComparison.Ordinal))
            {
                // Queues: each name and its '-poison' twin.
                var inner = System.Text.RegularExpressions.Regex.Match(list, @"variables\('(?<v>\w+)'\)").Groups["v"].Value;
                Assert.Contains("format('{0}-poison'", list, StringComparison.Ordinal);
                foreach (var name in Variable(resource, inner))
                {
                    names.Add(name);
                    names.Add($"{name}-poison");
                }
            }
            else
            {
                var variable = System.Text.RegularExpressions.Regex.Match(list, @"^variables\('(?<v>\w+)'\)$");
                Assert.True(variable.Success, $"Unexpected list expression on {resource}: {list}");
                names.UnionWith(Variable(resource, variable.Groups["v"].Value));
            }
        }

        return names;
    }

    private static IEnumerable<string> Variable(ArmResource resource, string name) =>
        resource.Deployment.Resolve(System.Text.Json.Nodes.JsonValue.Create($"[variables('{name}')]"))!
            .AsArray()
            .Select(n => n!.GetValue<string>());
}
