import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiAccess, ApiDoc, ApiErrors, ApiFile, ApiJson } from '../openapi/openapi.decorators';
import type { Request, Response } from 'express';
import { notFound } from '../common/errors';
import { mapConnection, toRestList } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { MediaFileParams, MediaIdArgs, MediaListArgs } from './dto/media.args';
import { MediaDelivery } from './media-delivery.service';
import { MediaUploads } from './media-upload.service';
import { Media, toMedia } from './media.model';
import { MediaService } from './media.service';
import { RENDITION_FORMATS, RENDITION_WIDTHS } from './renditions';

/**
 * Uploads come in over REST (multipart, streamed) and the files go out at /media/{id}/{name};
 * GraphQL refers to media by id (see media.resolver.ts).
 */
@ApiTags('Media')
@Controller()
export class MediaController {
  constructor(
    private readonly media: MediaService,
    private readonly uploads: MediaUploads,
    private readonly delivery: MediaDelivery,
  ) {}

  /** multipart/form-data: `file`, optional `alt` and `decorative`. 201 when added, 200 when the same bytes were already there. */
  @Post('api/v1/media')
  @ApiDoc('Upload a file to the media library (staff)', 'Streamed; the type is detected from the content. 201 when added, 200 when the same bytes were already there.')
  @ApiAccess('staff')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    required: true,
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'The file: an image (JPEG, PNG, WebP, AVIF, GIF, SVG) or a PDF' },
        alt: { type: 'string', maxLength: 1000, description: 'Text alternative of an image (required unless decorative)' },
        decorative: { type: 'boolean', description: 'The image is decorative: no text alternative' },
      },
    },
  })
  @ApiJson('Media', { status: 201, description: 'Added' })
  @ApiJson('Media', { description: 'The same bytes were already in the library' })
  @ApiErrors(400, 413)
  async upload(@Ctx() ctx: RequestContext, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<Media> {
    try {
      const { media, created } = await this.uploads.upload(ctx, req);
      res.status(created ? 201 : 200);
      return toMedia(media);
    } catch (error) {
      // A refused upload is not read to its end: the connection closes once the answer is sent.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw error;
    }
  }

  @Get('api/v1/media')
  @ApiDoc('The media library (staff)')
  @ApiAccess('staff')
  @ApiJson('MediaList')
  async list(@Ctx() ctx: RequestContext, @Query() args: MediaListArgs): Promise<{ data: Media[]; pageInfo: object; totalCount: number }> {
    const connection = mapConnection(await this.media.list(ctx, args), toMedia);
    return toRestList(connection);
  }

  @Get('api/v1/media/:id')
  @ApiDoc('One media item: published content\'s media are public, the rest is for staff')
  @ApiJson('Media')
  async byId(@Ctx() ctx: RequestContext, @Param() { id }: MediaIdArgs): Promise<Media> {
    const media = await this.media.findVisible(ctx, id);
    if (!media) throw notFound('Media');
    return toMedia(media);
  }

  /** The file itself; the name in the path is for people and browsers, the id decides. */
  @Get('media/:id/:fileName')
  @ApiDoc('The file itself, or a resized image', 'Supports Range requests (206) and If-None-Match (304). `w` and `format` ask for a resized raster image.')
  @ApiQuery({ name: 'w', required: false, schema: { type: 'integer', enum: [...RENDITION_WIDTHS] }, description: 'Width of a resized image' })
  @ApiQuery({ name: 'format', required: false, schema: { type: 'string', enum: [...RENDITION_FORMATS], default: 'webp' }, description: 'Format of a resized image (with or without w)' })
  @ApiFile('*/*', 'The file, with its own media type', { type: 'string', format: 'binary' })
  @ApiFile('*/*', 'Partial content (Range)', { type: 'string', format: 'binary' }, 206)
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match)' })
  async serve(@Ctx() ctx: RequestContext, @Param() { id }: MediaFileParams, @Query() query: Record<string, unknown>,
    @Req() req: Request, @Res() res: Response): Promise<void> {
    const delivery = await this.delivery.deliver(ctx, id, {
      query, ifNoneMatch: req.headers['if-none-match'], range: req.headers.range,
      // Repeated, it can match no ETag: the whole file is sent.
      ifRange: [req.headers['if-range'] ?? []].flat().join(', ') || undefined,
    });
    res.status(delivery.status).set(delivery.headers);
    if (!delivery.body) {
      res.end();
      return;
    }
    const body = delivery.body;
    body.on('error', () => res.destroy());
    // pipe() leaves the source open when the client goes away: release the file or S3 connection.
    res.once('close', () => body.destroy());
    body.pipe(res);
  }
}
