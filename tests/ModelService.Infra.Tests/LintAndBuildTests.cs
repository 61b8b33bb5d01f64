using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelService.Infra.Tests;

/// <summary>The CI gate: every Bicep file lints clean under bicepconfig.json and the templates compile.</summary>
[Collection(InfraCollection.Name)]
public sealed class LintAndBuildTests(CompiledInfra infra)
{
    // The one rule left off, and why: it compares API versions with today's date, so it would fail an
    // unchanged template as time passes. API versions move with the pinned Bicep CLI instead.
    private static readonly string[] RulesDeliberatelyOff = ["use-recent-api-versions"];

    public static TheoryData<string> BicepFiles() => new(Repository.BicepFiles());

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Bicep_file_lints_without_findings(string file)
    {
        var result = BicepCli.Run("lint", file);

        Assert.True(result.ExitCode == 0 && result.Diagnostics.Count == 0, $"bicep lint {file}:\n{result}");
    }

    [Fact]
    public void Infra_folder_has_main_template_modules_and_parameters()
    {
        var files = Repository.BicepFiles().ToList();

        Assert.Contains(CompiledInfra.MainBicep, files);
        Assert.Contains(CompiledInfra.MainParameters, files);
        Assert.Contains(files, f => f.StartsWith("infra/modules/", StringComparison.Ordinal));
    }

    [Fact]
    public void Main_template_builds_without_diagnostics()
    {
        Assert.True(infra.Build.ExitCode == 0 && infra.Build.Diagnostics.Count == 0, infra.Build.ToString());

        var template = infra.TemplateJson;
        Assert.Contains("deploymentTemplate.json", template["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_file_builds_against_main_template()
    {
        Assert.True(infra.BuildParams.ExitCode == 0 && infra.BuildParams.Diagnostics.Count == 0, infra.BuildParams.ToString());

        var supplied = infra.ParametersJson["parameters"]!.AsObject().Select(p => p.Key).ToList();
        var declared = infra.TemplateJson["parameters"]!.AsObject().Select(p => p.Key).ToList();
        Assert.All(supplied, name => Assert.Contains(name, declared));
    }

    [Fact]
    public void Templates_use_only_resource_types_and_api_versions_the_cli_knows()
    {
        // BCP081 means the CLI has no type definition for that API version, so nothing was validated.
        Assert.DoesNotContain(infra.Build.Diagnostics, d => d.Contains("BCP081", StringComparison.Ordinal));
        foreach (var resource in infra.Main.AllResources())
        {
            Assert.False(string.IsNullOrEmpty(resource.Node["apiVersion"]?.GetValue<string>()), $"{resource} has no apiVersion.");
        }
    }

    [Fact]
    public void Linter_config_makes_every_rule_an_error()
    {
        var config = JsonNode.Parse(
            File.ReadAllText(Repository.Combine("bicepconfig.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var core = config["analyzers"]!["core"]!;
        Assert.NotEqual(false, core["enabled"]?.GetValue<bool>());

        var rules = core["rules"]!.AsObject();
        Assert.True(rules.Count >= 30, $"Only {rules.Count} rules configured; list every core rule.");
        foreach (var (name, rule) in rules)
        {
            var level = rule!["level"]!.GetValue<string>();
            var expected = RulesDeliberatelyOff.Contains(name) ? "off" : "error";
            Assert.True(level == expected, $"Rule {name} is '{level}', expected '{expected}'.");
        }

        foreach (var rule in new[] { "outputs-should-not-contain-secrets", "secure-secrets-in-params", "no-hardcoded-env-urls", "use-secure-value-for-secure-inputs" })
        {
            Assert.True(rules.ContainsKey(rule), $"bicepconfig.json does not set {rule}.");
        }
    }

    [Fact]
    public void Bicep_cli_comes_from_the_pinned_nuget_package()
    {
        var result = BicepCli.Run("--version");
        var pinned = System.Xml.Linq.XDocument.Load(Repository.Combine("Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == "Azure.Bicep.CommandLine.linux-x64")
            .Attribute("Version")!.Value;

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Bicep CLI version {pinned}", result.StandardOutput, StringComparison.Ordinal);
    }
}
