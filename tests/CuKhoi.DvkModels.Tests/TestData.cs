using CuKhoi.Protos.Dvk.V1;
using Google.Type;
using Field = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Field;
using Kind = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Kind;
using Level = CuKhoi.Protos.Dvk.V1.Recognition.Types.Level;
using RecognitionKind = CuKhoi.Protos.Dvk.V1.Recognition.Types.Kind;

namespace CuKhoi.DvkModels.Tests;

/// <summary>
/// Test data: each test takes a fresh <see cref="Tag"/> (a word of letters that appears in
/// nothing else) and puts it in its models' owner unit and description, then filters or
/// searches by it, so tests sharing a host never see each other's models.
/// </summary>
internal static class TestData
{
    public static string Tag() => new(Guid.NewGuid().ToString("N")[..12].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());

    public static string OwnerUnit(string tag) => $"Tổ dân phố thử nghiệm {tag}";

    public static DvkModel Model(string tag, string name = "Mô hình Dân vận khéo thử nghiệm", int year = 2024, Field field = Field.CultureSociety, Kind kind = Kind.Model, string? ownerUnit = null)
    {
        var model = new DvkModel
        {
            Kind = kind,
            Name = name,
            OwnerUnit = ownerUnit ?? OwnerUnit(tag),
            Field = field,
            Year = year,
            Description = $"Mô tả thử nghiệm {tag}.",
            Methods = "Vận động từng hộ.",
            Results = "Kết quả tốt.",
            StartDate = new Date { Year = year, Month = 3, Day = 1 },
        };
        model.Topics.Add("thử nghiệm");
        return model;
    }

    public static Recognition Recognition(Level level = Level.Ward, int year = 2024, int month = 6, int day = 15, string number = "12/QĐ-UBND") => new()
    {
        Level = level,
        Kind = RecognitionKind.Recognition,
        Year = year,
        DecisionNumber = number,
        DecisionDate = new Date { Year = year, Month = month, Day = day },
        Issuer = "UBND phường Cự Khối",
    };

    public static Task<DvkModel> RegisterAsync(this DvkModelService.DvkModelServiceClient client, DvkModel model) =>
        client.RegisterDvkModelAsync(new RegisterDvkModelRequest { DvkModel = model }).ResponseAsync;

    public static Task<DvkModel> RecogniseAsync(this DvkModelService.DvkModelServiceClient client, string id, Recognition? recognition = null) =>
        client.AddRecognitionAsync(new AddRecognitionRequest { DvkModelId = id, Recognition = recognition ?? Recognition() }).ResponseAsync;

    public static Task<DvkModel> MoveAsync(this DvkModelService.DvkModelServiceClient client, string id, DvkModel.Types.Status to, string etag = "") =>
        client.TransitionDvkModelAsync(new TransitionDvkModelRequest { Id = id, To = to, Etag = etag }).ResponseAsync;

    /// <summary>Every page of a list, following next_page_token.</summary>
    public static async Task<List<DvkModel>> ListAllAsync(this DvkModelService.DvkModelServiceClient client, ListDvkModelsRequest request)
    {
        var all = new List<DvkModel>();
        var pages = 0;
        do
        {
            var page = await client.ListDvkModelsAsync(request).ResponseAsync;
            all.AddRange(page.DvkModels);
            request = request.Clone();
            request.PageToken = page.NextPageToken;
            Assert.True(++pages < 100, "paging does not end");
        }
        while (request.PageToken.Length > 0);

        return all;
    }
}
