import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJson } from '../openapi/openapi.decorators';
import { CommuneService } from './commune.service';
import { CommuneSettings, toCommuneSettings } from './commune-settings.model';

/** REST twin of the `commune` query. */
@ApiTags('Commune')
@Controller('api/v1/commune')
export class CommuneController {
  constructor(private readonly service: CommuneService) {}

  @Get()
  @ApiDoc('The commune\'s settings (name, INSEE code, population, publication mode)')
  @ApiJson('CommuneSettings')
  async read(): Promise<CommuneSettings> {
    return toCommuneSettings(await this.service.read());
  }
}
