using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelService.Core.Tenancy;

namespace ModelService.EndToEnd.Tests;

/// <summary>Training over HTTP: upload a dataset, submit, the trainer runs, the new version answers /v2 inference.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TrainingTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task A_submitted_job_is_trained_published_and_served_by_v2_infer_well_above_chance()
    {
        var key = await fixture.CreateKeyAsync(ApiKeyScopes.Train | ApiKeyScopes.Infer);
        var model = $"trained-{Guid.NewGuid():N}"[..20];
        var (csv, _, _) = Blobs(450, seed: 1);

        using var upload = await SendAsync(HttpMethod.Post, "api/datasets/blobs", key, new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        using var submit = await SendAsync(HttpMethod.Post, "api/training-jobs", key, V2.Json(Submission("blobs", model)));
        var job = await V2.ReadJsonAsync(submit, HttpStatusCode.Accepted);
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal($"/api/training-jobs/{id}", submit.Headers.Location?.ToString());
        Assert.Equal("queued", job.GetProperty("status").GetString());

        await TrainerProcess.RunUntilQueueEmptyAsync(fixture.Settings, TimeSpan.FromSeconds(90));

        var done = await V2.ReadJsonAsync(await SendAsync(HttpMethod.Get, $"api/training-jobs/{id}", key), HttpStatusCode.OK);
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        Assert.Equal(1, done.GetProperty("resultVersion").GetInt32());
        var listed = await V2.ReadJsonAsync(await SendAsync(HttpMethod.Get, "api/training-jobs", key), HttpStatusCode.OK);
        Assert.Contains(listed.GetProperty("jobs").EnumerateArray(), j => j.GetProperty("id").GetString() == id);
        var events = await V2.ReadJsonAsync(await SendAsync(HttpMethod.Get, $"api/training-jobs/{id}/events?after=0", key), HttpStatusCode.OK);
        Assert.Contains(events.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "epoch");
        var cancelled = await V2.ReadJsonAsync(await SendAsync(HttpMethod.Post, $"api/training-jobs/{id}/cancel", key), HttpStatusCode.OK);
        Assert.Equal("succeeded", cancelled.GetProperty("status").GetString());

        var (heldCsv, heldX, heldY) = Blobs(150, seed: 42);
        _ = heldCsv;
        var request = JsonSerializer.Serialize(new
        {
            inputs = new[] { new { name = "features", shape = new[] { heldY.Length, 4 }, datatype = "FP32", data = heldX } },
            outputs = new[] { new { name = "label" } },
        });
        using var owner = fixture.Client(key);
        using var infer = await owner.PostAsync($"v2/models/{model}/infer", V2.Json(request));
        var answer = await V2.ReadJsonAsync(infer, HttpStatusCode.OK);

        // The trained model is its tenant's own: another tenant gets the answer of a model that does not exist.
        var missing = $"Model '{model}' has no versions.";
        await V2.ErrorAsync(await fixture.Http.PostAsync($"v2/models/{model}/infer", V2.Json(request)), HttpStatusCode.NotFound, missing);
        await V2.ErrorAsync(await fixture.Http.GetAsync($"v2/models/{model}"), HttpStatusCode.NotFound, missing);
        Assert.Contains(Listed(await V2.ReadJsonAsync(await owner.GetAsync("api/models"), HttpStatusCode.OK)), m => m == (model, true));
        Assert.DoesNotContain(Listed(await V2.ReadJsonAsync(await fixture.Http.GetAsync("api/models"), HttpStatusCode.OK)), m => m.Name == model);
        var labels = answer.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var accuracy = labels.Zip(heldY).Count(p => p.First == p.Second) / (double)heldY.Length;
        Assert.True(accuracy > 0.9, $"accuracy {accuracy:P1}, chance 33%");
    }

    [Fact]
    public async Task Bad_submissions_are_400_and_another_tenants_job_is_404()
    {
        var key = await fixture.CreateKeyAsync(ApiKeyScopes.Train);
        var other = await fixture.CreateKeyAsync(ApiKeyScopes.Train);
        using var upload = await SendAsync(HttpMethod.Post, "api/datasets/mine", key, new StringContent(Blobs(30, 3).Csv, Encoding.UTF8, "text/csv"));

        await V2.ErrorAsync(await SendAsync(HttpMethod.Post, "api/training-jobs", key, V2.Json("""{"recipe":"nope","dataset":"mine","label":"species","outputModel":"m"}""")), HttpStatusCode.BadRequest, "Unknown recipe");
        await V2.ErrorAsync(await SendAsync(HttpMethod.Post, "api/training-jobs", key, V2.Json(Submission("absent", "m"))), HttpStatusCode.BadRequest, "does not exist");
        await V2.ErrorAsync(await SendAsync(HttpMethod.Post, "api/training-jobs", key, V2.Json("""{"recipe":"tabular-classifier","dataset":"mine","label":"species","outputModel":"m","hyperparameters":{"epochs":0}}""")), HttpStatusCode.BadRequest, "epochs");
        await V2.ErrorAsync(await SendAsync(HttpMethod.Post, "api/training-jobs", key, V2.Json("{")), HttpStatusCode.BadRequest, "JSON");
        await V2.ErrorAsync(await SendAsync(HttpMethod.Post, "api/training-jobs", null, V2.Json(Submission("mine", "m"))), HttpStatusCode.Unauthorized, "API key");

        var job = await V2.ReadJsonAsync(await SendAsync(HttpMethod.Post, "api/training-jobs", key, V2.Json(Submission("mine", "mine-model"))), HttpStatusCode.Accepted);
        var id = job.GetProperty("id").GetString();
        await V2.ErrorAsync(await SendAsync(HttpMethod.Get, $"api/training-jobs/{id}", other), HttpStatusCode.NotFound, "does not exist");
        await V2.ErrorAsync(await SendAsync(HttpMethod.Post, $"api/training-jobs/{id}/cancel", other), HttpStatusCode.NotFound, "does not exist");
        var cancelled = await V2.ReadJsonAsync(await SendAsync(HttpMethod.Post, $"api/training-jobs/{id}/cancel", key), HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Training_into_a_public_or_another_tenants_model_is_refused_at_submission_as_a_missing_model()
    {
        var key = await fixture.CreateKeyAsync(ApiKeyScopes.Train);
        using var upload = await SendAsync(HttpMethod.Post, "api/datasets/mine", key, new StringContent(Blobs(30, 4).Csv, Encoding.UTF8, "text/csv"));
        var operatorModel = await fixture.PublishAsync(ModelService.Testing.TestModels.AddBias(4));
        var otherTenants = await fixture.PublishAsync(ModelService.Testing.TestModels.AddBias(4), new ModelService.Core.Registry.ModelPublication { Name = ModelService.Testing.TestNames.Model("theirs"), Owner = fixture.TenantId });

        foreach (var name in new[] { operatorModel, otherTenants })
        {
            using var refused = await SendAsync(HttpMethod.Post, "api/training-jobs", key, V2.Json(Submission("mine", name)));
            var body = await V2.ReadJsonAsync(refused, HttpStatusCode.NotFound);
            Assert.Equal($"Model '{name}' has no versions.", body.GetProperty("error").GetString());
            Assert.DoesNotContain(fixture.TenantId, body.ToString(), StringComparison.Ordinal);
        }

        var jobs = await V2.ReadJsonAsync(await SendAsync(HttpMethod.Get, "api/training-jobs", key), HttpStatusCode.OK);
        Assert.Empty(jobs.GetProperty("jobs").EnumerateArray());
    }

    [Fact]
    public async Task A_tenants_model_list_holds_public_models_and_its_own_private_ones_only()
    {
        var key = await fixture.CreateKeyAsync(ApiKeyScopes.Infer);
        var publicModel = await fixture.PublishAsync(ModelService.Testing.TestModels.AddBias(2));
        var hidden = await fixture.PublishAsync(ModelService.Testing.TestModels.AddBias(2), new ModelService.Core.Registry.ModelPublication { Name = ModelService.Testing.TestNames.Model("hidden"), Owner = fixture.TenantId });

        using var client = fixture.Client(key);
        var mine = Listed(await V2.ReadJsonAsync(await client.GetAsync("api/models"), HttpStatusCode.OK));
        var fixtureTenant = Listed(await V2.ReadJsonAsync(await fixture.Http.GetAsync("api/models"), HttpStatusCode.OK));

        Assert.Contains((publicModel, false), mine);
        Assert.DoesNotContain(mine, m => m.Name == hidden);
        Assert.Contains((hidden, true), fixtureTenant);
        using var anonymous = fixture.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/models")).StatusCode);
    }

    private static List<(string Name, bool Private)> Listed(JsonElement body) =>
        body.GetProperty("models").EnumerateArray().Select(m => (m.GetProperty("name").GetString()!, m.GetProperty("private").GetBoolean())).ToList();

    private static string Submission(string dataset, string model) =>
        JsonSerializer.Serialize(new { recipe = "tabular-classifier", dataset, label = "species", outputModel = model, hyperparameters = new { epochs = 30, hidden = new[] { 16 } } });

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var client = fixture.Client(key);
        return await client.SendAsync(request);
    }

    /// <summary>Three separable classes in four features of very different scales.</summary>
    private static (string Csv, float[] Features, long[] Labels) Blobs(int rows, int seed)
    {
        double[][] centres = [[1, 200, -5, 0.01], [4, 260, -2, 0.03], [7, 140, -8, 0.05]];
        double[] spread = [0.8, 15, 0.9, 0.006];
        var random = new Random(seed);
        var text = new StringBuilder("f1,f2,f3,f4,species\n");
        var (features, labels) = (new float[rows * 4], new long[rows]);
        for (var r = 0; r < rows; r++)
        {
            labels[r] = r % 3;
            for (var c = 0; c < 4; c++)
            {
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                features[(r * 4) + c] = (float)(centres[r % 3][c] + (gaussian * spread[c]));
            }

            text.AppendLine(string.Join(',', features.Skip(r * 4).Take(4).Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + $",c{r % 3}");
        }

        return (text.ToString(), features, labels);
    }
}
