using System.Net;
using System.Text;
using ModelService.Core.Predictions;
using ModelService.Core.Tenancy;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>What a tenant stores can be deleted through the real app: a prediction (record, request, result) and a dataset.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DeletionTests(EndToEndFixture fixture)
{
    private static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_deleted_prediction_is_gone_and_deleting_it_again_is_a_404()
    {
        var name = await fixture.PublishAsync(TestModels.AddBias(3, 4f));
        using var submit = new HttpRequestMessage(HttpMethod.Post, $"v2/models/{name}/infer") { Content = V2.Json(V2.InferRequest([1f, 2f, 3f], 1)) };
        submit.Headers.Add("Prefer", "respond-async");
        var id = (await V2.ReadJsonAsync(await fixture.Http.SendAsync(submit), HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        await Eventually.GetAsync(
            async () => await V2.ReadJsonAsync(await fixture.Http.GetAsync($"api/predictions/{id}"), HttpStatusCode.OK),
            view => PredictionStatus.IsFinal(view.GetProperty("status").GetString()!),
            QueueTimeout,
            "the prediction to finish");

        using var deleted = await fixture.Http.DeleteAsync($"api/predictions/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await V2.ErrorAsync(await fixture.Http.GetAsync($"api/predictions/{id}"), HttpStatusCode.NotFound, "does not exist");
        await V2.ErrorAsync(await fixture.Http.DeleteAsync($"api/predictions/{id}"), HttpStatusCode.NotFound, "does not exist");
    }

    [Fact]
    public async Task A_deleted_dataset_is_gone_and_only_its_tenant_may_delete_it()
    {
        var key = await fixture.CreateKeyAsync(ApiKeyScopes.Train);
        var other = await fixture.CreateKeyAsync(ApiKeyScopes.Train);
        using var client = fixture.Client(key);
        using var otherClient = fixture.Client(other);
        using var upload = await client.PostAsync("api/datasets/to-delete", new StringContent("a,label\n1,0\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        await V2.ErrorAsync(await otherClient.DeleteAsync("api/datasets/to-delete"), HttpStatusCode.NotFound, "does not exist");
        using var deleted = await client.DeleteAsync("api/datasets/to-delete");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await V2.ErrorAsync(await client.DeleteAsync("api/datasets/to-delete"), HttpStatusCode.NotFound, "does not exist");
        await V2.ErrorAsync(await client.DeleteAsync("api/datasets/Bad%20Name"), HttpStatusCode.BadRequest, "name");
    }
}
