import { Controller, Get } from '@nestjs/common';
import { CommuneService } from './commune.service';
import { CommuneSettings, toCommuneSettings } from './commune-settings.model';

/** REST twin of the `commune` query. */
@Controller('api/v1/commune')
export class CommuneController {
  constructor(private readonly service: CommuneService) {}

  @Get()
  async read(): Promise<CommuneSettings> {
    return toCommuneSettings(await this.service.read());
  }
}
