using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Community.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ThreadCountIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Threads_CommunityId_IsHidden_Kind_AcceptedPostId_ReplyCount",
                table: "Threads",
                columns: new[] { "CommunityId", "IsHidden", "Kind", "AcceptedPostId", "ReplyCount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Threads_CommunityId_IsHidden_Kind_AcceptedPostId_ReplyCount",
                table: "Threads");
        }
    }
}
