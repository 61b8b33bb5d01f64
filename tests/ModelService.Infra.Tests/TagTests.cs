namespace ModelService.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class TagTests(CompiledInfra infra)
{
    // Top-level resources azd and the portal list; child resources and extension resources carry no tags.
    private static readonly string[] Tagged =
    [
        ResourceTypes.Identity, ResourceTypes.StorageAccount, ResourceTypes.LogAnalytics, ResourceTypes.ApplicationInsights,
        ResourceTypes.Plan, ResourceTypes.Site, ResourceTypes.Registry, ResourceTypes.ManagedEnvironment, ResourceTypes.Job,
    ];

    [Fact]
    public void Every_top_level_resource_carries_the_azd_env_name_tag()
    {
        var resources = infra.Main.AllResources().Where(r => !r.Existing && Tagged.Contains(r.Type)).ToList();

        Assert.Equal(Tagged.Length + 1, resources.Count); // two identities
        foreach (var resource in resources)
        {
            var tags = resource.Resolve("tags");
            // union(parameters('tags'), {service tag}): the shared tags are the first argument.
            var union = System.Text.RegularExpressions.Regex.Match(tags?.ToString() ?? string.Empty, @"^\[union\(parameters\('(?<p>\w+)'\), ");
            if (union.Success)
            {
                tags = resource.Deployment.Parameter(union.Groups["p"].Value);
            }

            Assert.True(tags is not null, $"{resource} has no tags.");
            Assert.Contains("azd-env-name", tags!.ToJsonString(), StringComparison.Ordinal);
        }
    }
}
