namespace ModelService.Infra.Tests;

/// <summary>azure.yaml: what `azd up` provisions and deploys, and that it matches the Bicep's service tags.</summary>
public sealed class AzdTests
{
    private static readonly string[] Lines = File.ReadAllLines(Repository.Combine("azure.yaml"));

    [Fact]
    public void Azure_yaml_provisions_infra_main_with_bicep()
    {
        var infra = Section("infra", indent: 0);

        Assert.Equal("bicep", infra["provider"]);
        Assert.Equal("infra", infra["path"]);
        Assert.Equal("main", infra["module"]);
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_the_api_service()
    {
        var api = Section("api", indent: 2);

        Assert.Equal("function", api["host"]);
        Assert.Equal("dotnet", api["language"]);
        Assert.Equal("./src/ModelService.Functions", api["project"]);
        Assert.True(File.Exists(Repository.Combine("src", "ModelService.Functions", "ModelService.Functions.csproj")));
    }

    [Fact]
    public void Azure_yaml_trainer_service_when_enabled_points_at_an_existing_project()
    {
        // `azd up` packages every service before provisioning: a service whose project is missing stops it.
        if (!Lines.Any(l => l.TrimEnd() == "  trainer:"))
        {
            return;
        }

        var trainer = Section("trainer", indent: 2);
        Assert.Equal("containerapp", trainer["host"]);
        Assert.True(Directory.Exists(Repository.Combine(trainer["project"].TrimStart('.', '/').Split('/'))), $"{trainer["project"]} does not exist.");
    }

    // The key: value lines directly under "<indent>name:" (a tiny reader for this file's flat layout).
    private static Dictionary<string, string> Section(string name, int indent)
    {
        var header = Array.FindIndex(Lines, l => l.TrimEnd() == new string(' ', indent) + name + ":");
        Assert.True(header >= 0, $"azure.yaml has no '{name}:' at indent {indent}.");

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var childIndent = new string(' ', indent + 2);
        foreach (var line in Lines.Skip(header + 1))
        {
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (!line.StartsWith(childIndent, StringComparison.Ordinal))
            {
                break;
            }

            var trimmed = line[childIndent.Length..];
            if (trimmed.StartsWith(' ') || !trimmed.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            values[trimmed[..colon]] = trimmed[(colon + 1)..].Trim();
        }

        return values;
    }
}
