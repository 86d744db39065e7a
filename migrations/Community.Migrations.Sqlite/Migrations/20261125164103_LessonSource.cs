using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Community.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LessonSource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SourceThreadId",
                table: "WikiPages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WikiPages_SourceThreadId",
                table: "WikiPages",
                column: "SourceThreadId");

            migrationBuilder.AddForeignKey(
                name: "FK_WikiPages_Threads_SourceThreadId",
                table: "WikiPages",
                column: "SourceThreadId",
                principalTable: "Threads",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_WikiPages_Threads_SourceThreadId",
                table: "WikiPages");

            migrationBuilder.DropIndex(
                name: "IX_WikiPages_SourceThreadId",
                table: "WikiPages");

            migrationBuilder.DropColumn(
                name: "SourceThreadId",
                table: "WikiPages");
        }
    }
}
