import { Inject, Injectable, INestApplication, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { buildOpenApiDocument } from './openapi.document';

/**
 * Holds the OpenAPI document: built once when the application has started (the GraphQL schema the
 * models come from is built by then), served as it is to every request (openapi.setup.ts).
 */
@Injectable()
export class OpenApiDocumentHost implements OnApplicationBootstrap {
  private app: INestApplication | undefined;
  private document: OpenAPIObject | undefined;
  private json: string | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Called by configureApp: the document is built from this application's routes. */
  attach(app: INestApplication): void {
    this.app = app;
  }

  onApplicationBootstrap(): void {
    if (this.app) this.build();
  }

  get(): OpenAPIObject {
    return this.document ?? this.build().document;
  }

  /** The document as JSON text, serialised once. */
  text(): string {
    return this.json ?? this.build().json;
  }

  private build(): { document: OpenAPIObject; json: string } {
    if (!this.app) throw new Error('OpenApiDocumentHost: configureApp() did not attach the application');
    const document = buildOpenApiDocument(this.app, this.config.publicBaseUrl);
    const json = JSON.stringify(document);
    this.document = document;
    this.json = json;
    return { document, json };
  }
}

@Module({ providers: [OpenApiDocumentHost], exports: [OpenApiDocumentHost] })
export class OpenApiModule {}
