using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Community.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ChatLessonLink : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PromotedWikiPageId",
                table: "ChatMessages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_PromotedWikiPageId",
                table: "ChatMessages",
                column: "PromotedWikiPageId");

            migrationBuilder.AddForeignKey(
                name: "FK_ChatMessages_WikiPages_PromotedWikiPageId",
                table: "ChatMessages",
                column: "PromotedWikiPageId",
                principalTable: "WikiPages",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ChatMessages_WikiPages_PromotedWikiPageId",
                table: "ChatMessages");

            migrationBuilder.DropIndex(
                name: "IX_ChatMessages_PromotedWikiPageId",
                table: "ChatMessages");

            migrationBuilder.DropColumn(
                name: "PromotedWikiPageId",
                table: "ChatMessages");
        }
    }
}
