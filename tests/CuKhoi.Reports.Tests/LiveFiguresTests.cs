using CuKhoi.DvkModels.Seed;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.Protos.Dvk.V1;
using Microsoft.Extensions.Time.Testing;
using GoogleDate = Google.Type.Date;

namespace CuKhoi.Reports.Tests;

/// <summary>The figures are computed on every call: data added through the services shows up at once.</summary>
public class LiveFiguresTests
{
    [Fact]
    public async Task A_new_2020_ward_entry_and_a_new_2020_district_recognition_change_the_report()
    {
        // Its own hosts: this test writes. The contests host lives on 10 September 2020, when
        // a 2020 ward contest still takes entries (the seeded ones are all closed).
        var hosts = new ReportHosts { ContestsClock = new FakeTimeProvider(new DateTimeOffset(2020, 9, 10, 3, 0, 0, TimeSpan.Zero)) };
        await hosts.InitializeAsync();
        try
        {
            await using var gateway = hosts.Gateway();
            var client = gateway.CreateClient();
            var before = await client.GetJsonReportAsync(2020);
            Assert.Equal((11L, 1L), (before.Indicator("CONTEST_ENTRIES_SUBMITTED").Value, before.Indicator("DVK_MODELS_RECOGNISED_DISTRICT").Value));

            var contests = new ContestService.ContestServiceClient(hosts.Contests.Invoker(scopes: "contests:write"));
            var deadline = DateTime.UtcNow + ReportAssert.Timeout;
            var contest = await contests.CreateContestAsync(new CreateContestRequest
            {
                Contest = new Contest
                {
                    Name = "Cuộc thi viết về điển hình “Dân vận khéo” – đợt bổ sung năm 2020 (dữ liệu thử)",
                    Year = 2020,
                    Level = Contest.Types.Level.Ward,
                    Organiser = "Khối Dân vận phường Cự Khối",
                    OpensOn = new GoogleDate { Year = 2020, Month = 9, Day = 1 },
                    ClosesOn = new GoogleDate { Year = 2020, Month = 10, Day = 31 },
                },
            }, deadline: deadline);
            await contests.SubmitEntryAsync(new SubmitEntryRequest
            {
                ContestId = contest.Id,
                Entry = new ContestEntry
                {
                    Title = "Tổ dân phố số 4 đồng lòng làm đường ngõ",
                    Genre = "Ghi chép",
                    Body = "Bà con tổ dân phố số 4 cùng góp công, góp đất để mở rộng con ngõ nhỏ.",
                    Authors = { new Author { FullName = "Lương Thị Thảo", Unit = "Chi bộ Tổ dân phố số 4" } },
                    Subject = new Subject { Kind = Subject.Types.Kind.Collective, Name = "Tổ dân phố số 4" },
                },
            }, deadline: deadline);

            var dvk = new DvkModelService.DvkModelServiceClient(hosts.Dvk.Invoker(scopes: "dvk:write"));
            await dvk.AddRecognitionAsync(new AddRecognitionRequest
            {
                DvkModelId = SampleDvkModels.SecurityCameras,
                Recognition = new Recognition
                {
                    Level = Recognition.Types.Level.District,
                    Kind = Recognition.Types.Kind.Commendation,
                    Year = 2020,
                    DecisionNumber = "3601/QĐ-UBND",
                    DecisionDate = new GoogleDate { Year = 2020, Month = 12, Day = 28 },
                    Issuer = "UBND quận Long Biên",
                },
            }, deadline: deadline);

            var after = await client.GetJsonReportAsync(2020);
            Assert.Equal(12, after.Indicator("CONTEST_ENTRIES_SUBMITTED").Value);
            Assert.Equal((1L, 12L), (after.Indicator("CONTEST_ENTRIES_FORWARDED_CITY").Value, after.Indicator("CONTEST_ENTRIES_FORWARDED_CITY").Denominator));
            Assert.Equal(2, after.Indicator("DVK_MODELS_RECOGNISED_DISTRICT").Value);
            Assert.Empty(after.Unavailable);
        }
        finally
        {
            await hosts.DisposeAsync();
        }
    }
}
